import os from "node:os";

export interface MachineDescription {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  platform: string;
  database: string;
}

export function describeMachine(database: string): MachineDescription {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    database,
  };
}
