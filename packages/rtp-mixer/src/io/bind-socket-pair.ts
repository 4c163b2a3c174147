import { createSocket, type Socket } from 'node:dgram';

/** An RTP socket on an even port and its RTCP socket on the next one (RFC 3550 §11). */
export interface SocketPair {
  readonly rtp: Socket;
  readonly rtcp: Socket;
  readonly port: number;
}

/** Which even ports of the configured range one worker may use (the range is split by worker). */
export interface PortSlice {
  readonly portMin: number;
  readonly portMax: number;
  readonly sliceIndex: number;
  readonly sliceCount: number;
}

function bindOne(address: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
    const onError = (): void => {
      socket.close();
      resolve(undefined);
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Hands out even/odd socket pairs from a worker's slice of the port range. Ports in use by
 * anyone else are skipped; a full range yields `undefined` (the caller answers `no-port`).
 */
export class PortPool {
  private cursor = 0;
  private readonly inUse = new Set<number>();
  private readonly candidates: number[] = [];

  constructor(
    private readonly bindAddress: string,
    slice: PortSlice,
  ) {
    const first = slice.portMin % 2 === 0 ? slice.portMin : slice.portMin + 1;
    let index = 0;
    for (let port = first; port + 1 <= slice.portMax; port += 2, index++) {
      if (index % slice.sliceCount === slice.sliceIndex) this.candidates.push(port);
    }
  }

  /** Binds the next free pair, trying every candidate at most once. */
  async allocate(): Promise<SocketPair | undefined> {
    for (let tries = 0; tries < this.candidates.length; tries++) {
      const port = this.candidates[this.cursor] ?? 0;
      this.cursor = (this.cursor + 1) % this.candidates.length;
      if (this.inUse.has(port)) continue;
      const rtp = await bindOne(this.bindAddress, port);
      if (rtp === undefined) continue;
      const rtcp = await bindOne(this.bindAddress, port + 1);
      if (rtcp === undefined) {
        rtp.close();
        continue;
      }
      this.inUse.add(port);
      return { rtp, rtcp, port };
    }
    return undefined;
  }

  /** Closes a pair and returns its port to the pool. */
  release(pair: SocketPair): void {
    this.inUse.delete(pair.port);
    pair.rtp.close();
    pair.rtcp.close();
  }
}
