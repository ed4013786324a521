// smtpTransport loads nodemailer with the first e-mail: it must still deliver, and deliver the next ones
// through the same transport. A minimal SMTP server on loopback receives what it sends.
import { createServer, type Server, type Socket } from "node:net";
import { expect } from "chai";
import { smtpTransport } from "../../../src/jobs/validation-reminders.js";

interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

/** Just enough SMTP for nodemailer without TLS or authentication: one reply per command. */
function startSmtpServer(received: ReceivedMail[]): Promise<Server> {
  const server = createServer((socket: Socket) => {
    let buffer = "";
    let inData = false;
    let mail: ReceivedMail = { from: "", to: [], data: "" };
    const reply = (line: string): boolean => socket.write(`${line}\r\n`);
    reply("220 test ESMTP");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let end = buffer.indexOf("\r\n");
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push(mail);
            mail = { from: "", to: [], data: "" };
            reply("250 queued");
          } else mail.data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) reply("250 test");
        else if (/^MAIL FROM:/i.test(line)) {
          mail.from = line.slice(10).trim();
          reply("250 ok");
        } else if (/^RCPT TO:/i.test(line)) {
          mail.to.push(line.slice(8).trim());
          reply("250 ok");
        } else if (/^DATA/i.test(line)) {
          inData = true;
          reply("354 go on");
        } else if (/^QUIT/i.test(line)) {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
        end = buffer.indexOf("\r\n");
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("smtpTransport", () => {
  const received: ReceivedMail[] = [];
  let server: Server;
  let port: number;

  before(async () => {
    server = await startSmtpServer(received);
    const address = server.address();
    port = typeof address === "object" && address ? address.port : 0;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends through SMTP once nodemailer is loaded on the first message, and again on the next", async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, "carnet@example.org");

    await transport.send({ to: "lea@example.org", subject: "Rappel", text: "Deux demandes attendent." });
    await transport.send({ to: "marc@example.org", subject: "Décisions", text: "Trois items validés." });

    expect(received.map((mail) => mail.to)).to.deep.equal([["<lea@example.org>"], ["<marc@example.org>"]]);
    expect(received[0]?.from).to.equal("<carnet@example.org>");
    expect(received[0]?.data).to.include("Deux demandes attendent.");
    expect(received[1]?.data).to.include("Trois items valid");
  });
});
