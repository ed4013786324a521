// The outbound client reaches public addresses only, checks every redirect, caps size and time, and
// fails with one message whatever the cause (no port scanner, no metadata service, no rebinding).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { parseOutboundAllowlist } from "../../src/lti/outbound-allowlist.js";
import { isNonPublicAddress } from "../../src/lti/network-addresses.js";
import {
  createOutboundFetch,
  OutboundError,
  type OutboundFetch,
  type Resolver,
} from "../../src/lti/outbound-http.js";

interface Local {
  url: string;
  port: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ok = (body: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.setHeader("content-type", "application/json");
  res.end(body);
};

function client(allow: string[], resolve?: Resolver): OutboundFetch {
  return createOutboundFetch({ allowlist: parseOutboundAllowlist(allow), resolve, defaultTimeoutMs: 2_000 });
}

async function failure(call: Promise<unknown>): Promise<OutboundError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("isNonPublicAddress", () => {
  const table: [string, boolean][] = [
    ["127.0.0.1", true],
    ["10.2.3.4", true],
    ["172.16.0.9", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.100.100.200", true],
    ["0.0.0.0", true],
    ["::", true],
    ["::1", true],
    ["fe80::1", true],
    ["fd00:ec2::254", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::127.0.0.1", true],
    ["64:ff9b::a9fe:a9fe", true],
    ["2002:a9fe:a9fe::1", true],
    ["ff02::1", true],
    ["not an address", true],
    ["93.184.215.14", false],
    ["172.15.0.1", false],
    ["2606:4700::1111", false],
  ];
  for (const [address, expected] of table) {
    it(`${expected ? "refuses" : "allows"} ${address}`, () => {
      expect(isNonPublicAddress(address)).to.equal(expected);
    });
  }
});

describe("createOutboundFetch", () => {
  let target: Local;
  before(async () => {
    target = await localServer(ok('{"hello":"world"}'));
  });
  after(() => target.close());

  it("refuses loopback, private, link-local and IPv6 forms of them without connecting", async () => {
    const fetchOut = client([]);
    const urls = [
      target.url,
      `http://127.0.0.2:${target.port}/`,
      `http://[::1]:${target.port}/`,
      `http://[::ffff:127.0.0.1]:${target.port}/`,
      `http://0.0.0.0:${target.port}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://[fd00::1]/",
      "http://[fe80::1]/",
    ];
    for (const url of urls) {
      const error = await failure(fetchOut(url));
      expect(error.reason, url).to.equal("refused-address");
    }
    expect(target.requests).to.have.length(0);
  });

  it("refuses a name that resolves to a private address (DNS rebinding), even among public ones", async () => {
    const answers: Record<string, string[]> = {
      "rebound.example": ["127.0.0.1"],
      "mixed.example": ["93.184.215.14", "10.0.0.7"],
      "metadata.example": ["169.254.169.254"],
      "v6.example": ["::ffff:127.0.0.1"],
    };
    let lookups = 0;
    const fetchOut = client([], async (hostname) => {
      lookups++;
      return (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    });
    for (const host of Object.keys(answers)) {
      const error = await failure(fetchOut(`http://${host}:${target.port}/`));
      expect(error.reason, host).to.equal("refused-address");
    }
    expect(lookups).to.equal(Object.keys(answers).length);
    expect(target.requests).to.have.length(0);
  });

  it("connects to the very address it checked", async () => {
    // lms.test exists in no DNS: reaching the server proves the checked answer is the one used.
    const fetchOut = client(["127.0.0.1"], async () => [{ address: "127.0.0.1", family: 4 }]);
    const response = await fetchOut(`http://lms.test:${target.port}/x`);
    expect(await response.json()).to.deep.equal({ hello: "world" });
  });

  it("reaches an allowlisted host and port, and only that port", async () => {
    const other = await localServer(ok("{}"));
    try {
      const fetchOut = client([`127.0.0.1:${target.port}`]);
      expect((await fetchOut(target.url)).status).to.equal(200);
      expect((await failure(fetchOut(other.url))).reason).to.equal("refused-address");
      expect(other.requests).to.have.length(0);
    } finally {
      await other.close();
    }
  });

  it("checks every redirect: an allowed server cannot send Carnet to a private one", async () => {
    const hidden = await localServer(ok('{"secret":true}'));
    const redirector = await localServer((req, res) => {
      const to: Record<string, string> = {
        "/loopback": hidden.url,
        "/metadata": "http://169.254.169.254/latest/meta-data/",
        "/name": `http://rebound.example:${hidden.port}/`,
      };
      res.statusCode = 302;
      res.setHeader("location", to[req.url ?? ""] ?? "/");
      res.end();
    });
    try {
      const fetchOut = client([`127.0.0.1:${redirector.port}`], async () => [
        { address: "127.0.0.1", family: 4 },
      ]);
      for (const path of ["/loopback", "/metadata", "/name"]) {
        const error = await failure(fetchOut(`${redirector.url}${path}`));
        expect(error.reason, path).to.equal("refused-address");
      }
      expect(hidden.requests).to.have.length(0);
    } finally {
      await hidden.close();
      await redirector.close();
    }
  });

  it("follows a few redirects, turns a 303 into a GET and keeps the bearer token at home", async () => {
    const final = await localServer(ok('{"done":true}'));
    const start = await localServer((req, res) => {
      res.statusCode = req.url === "/post" ? 303 : 307;
      res.setHeader("location", req.url === "/post" ? `${final.url}/after-post` : `${final.url}/kept`);
      res.end();
    });
    try {
      const fetchOut = client([`127.0.0.1:${start.port}`, `127.0.0.1:${final.port}`]);
      const posted = await fetchOut(`${start.url}/post`, {
        method: "POST",
        headers: { authorization: "Bearer secret", "content-type": "application/json" },
        body: "{}",
      });
      expect(await posted.json()).to.deep.equal({ done: true });
      const [afterPost] = final.requests;
      expect(afterPost?.method).to.equal("GET");
      expect(afterPost?.headers.authorization).to.equal(undefined);
      expect(afterPost?.headers["content-type"]).to.equal(undefined);
    } finally {
      await final.close();
      await start.close();
    }
  });

  it("stops after three redirects", async () => {
    const loop = await localServer((_req, res) => {
      res.statusCode = 302;
      res.setHeader("location", "/again");
      res.end();
    });
    try {
      const error = await failure(client([`127.0.0.1:${loop.port}`])(loop.url));
      expect(error.reason).to.equal("redirects");
      expect(loop.requests).to.have.length(4);
    } finally {
      await loop.close();
    }
  });

  it("caps the size of an answer, declared or streamed", async () => {
    const big = "x".repeat(300 * 1024);
    const server = await localServer((req, res) => {
      if (req.url === "/chunked") {
        res.write(big.slice(0, 1000));
        res.end(big);
      } else res.end(big);
    });
    try {
      const fetchOut = client([`127.0.0.1:${server.port}`]);
      expect((await failure(fetchOut(`${server.url}/declared`))).reason).to.equal("too-large");
      expect((await failure(fetchOut(`${server.url}/chunked`))).reason).to.equal("too-large");
      const allowed = await fetchOut(`${server.url}/declared`, { maxBytes: 1024 * 1024 });
      expect((await allowed.text()).length).to.equal(big.length);
    } finally {
      await server.close();
    }
  });

  it("gives up on a platform that does not answer", async () => {
    const silent = await localServer(() => undefined);
    try {
      const error = await failure(client([`127.0.0.1:${silent.port}`])(silent.url, { timeoutMs: 50 }));
      expect(error.reason).to.equal("timeout");
    } finally {
      await silent.close();
    }
  });

  it("says the same thing for a closed port, a refused address and a missing name", async () => {
    const closed = await localServer(ok("{}"));
    const closedUrl = closed.url;
    await closed.close();
    const fetchOut = client(["127.0.0.1"], async () => []);
    const errors = [
      await failure(fetchOut(closedUrl)),
      await failure(client([])("http://10.0.0.1/")),
      await failure(fetchOut("http://nowhere.example/")),
      await failure(fetchOut("ftp://example.org/")),
    ];
    expect(new Set(errors.map((error) => error.message)).size).to.equal(1);
    expect(errors.map((error) => error.reason)).to.deep.equal(["network", "refused-address", "dns", "url"]);
  });
});
