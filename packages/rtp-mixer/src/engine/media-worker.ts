/**
 * The state of one media worker and its command handlers: endpoints, rooms, remote legs,
 * prompts, recorders. {@link WorkerTick} runs the 20 ms work over this state.
 */
import type { DtmfDigitEvent } from '@pinbridge/dtmf';
import { randomInt } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { PortPool, RtpPort } from '../io/index.js';
import type { CommandBody, CommandFailureCode, PlayTarget, ReplyValue, WorkerConfig, WorkerEvent } from '../protocol/index.js';
import { EngineEndpoint } from './engine-endpoint.js';
import { EngineRoom } from './engine-room.js';
import { createFrameCodec } from './frame-codec.js';
import { FrameRing } from './frame-ring.js';
import { PlaylistPlayer } from './playlist-player.js';
import { PromptStore } from './prompt-store.js';
import { RateConverter } from './rate-convert.js';
import { LocalMember, memberState, RemoteMember, type RoomMember } from './room-member.js';
import { repairRecordings, WavRecorder } from '../recorder/index.js';

/** A command that failed, as the reply carries it. */
export class CommandFailure extends Error {
  constructor(
    readonly code: CommandFailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** The worker side of an endpoint whose room lives on another worker. */
export interface RemoteLeg {
  readonly uplink: FrameRing;
  readonly downlink: FrameRing;
  readonly frame: Int16Array;
  readonly converter: RateConverter;
}

export class MediaWorker {
  readonly endpoints = new Map<string, EngineEndpoint>();
  /** Same endpoints as an array, for allocation-free iteration per tick. */
  endpointList: EngineEndpoint[] = [];
  readonly rooms = new Map<string, EngineRoom>();
  roomList: EngineRoom[] = [];
  readonly remoteLegs = new Map<string, RemoteLeg>();
  readonly prompts = new PromptStore();
  readonly recorders = new Map<string, WavRecorder>();
  private readonly recordScratch = new Int16Array(320);
  private readonly pool: PortPool;

  constructor(
    readonly config: WorkerConfig,
    readonly post: (event: WorkerEvent) => void,
    readonly now: () => number = () => performance.now(),
  ) {
    // A recording left unreadable by a crash gets its WAV header fixed on the next start.
    if (config.workerIndex === 0 && config.recordingsDir !== undefined) {
      try {
        repairRecordings(config.recordingsDir);
      } catch {
        // A missing or unreadable folder is reported when a recording starts there.
      }
    }
    this.pool = new PortPool(config.bindAddress, {
      portMin: config.rtpPortMin,
      portMax: config.rtpPortMax,
      sliceIndex: config.workerIndex,
      sliceCount: config.workerCount,
    });
  }

  /** Runs one command; throws {@link CommandFailure} for an answerable failure. */
  async handle(command: CommandBody): Promise<ReplyValue> {
    switch (command.type) {
      case 'create-endpoint':
        return this.createEndpoint(command.endpointId, command.options);
      case 'update-endpoint': {
        const endpoint = this.endpoint(command.endpointId);
        if (command.update.remote !== undefined) endpoint.port.setRemote(command.update.remote);
        if (command.update.direction !== undefined) endpoint.setDirection(command.update.direction, this.now());
        return DONE;
      }
      case 'destroy-endpoint':
        this.destroyEndpoint(command.endpointId);
        return DONE;
      case 'load-prompt':
        this.prompts.load(command.name, command.pcm, command.sampleRateHz);
        return DONE;
      case 'play':
        this.play(command.target, command.playbackId, command.items, command.loop);
        return DONE;
      case 'stop-playback':
        this.stopPlayback(command.target, command.playbackId);
        return DONE;
      case 'join-room': {
        const endpoint = this.endpoint(command.endpointId);
        this.leave(endpoint.endpointId);
        endpoint.roomId = command.roomId;
        this.room(command.roomId, true).add(new LocalMember(endpoint, memberState(command.options)));
        return DONE;
      }
      case 'leave-room':
        this.endpoint(command.endpointId);
        this.leave(command.endpointId);
        return DONE;
      case 'attach-remote-room': {
        const endpoint = this.endpoint(command.endpointId);
        this.leave(endpoint.endpointId);
        endpoint.roomId = command.roomId;
        endpoint.isRemoteLeg = true;
        this.remoteLegs.set(endpoint.endpointId, {
          uplink: new FrameRing(command.rings.uplink),
          downlink: new FrameRing(command.rings.downlink),
          frame: new Int16Array(320),
          converter: new RateConverter(320),
        });
        return DONE;
      }
      case 'add-remote-participant': {
        const member = new RemoteMember(command.endpointId, memberState(command.options), command.rings, command.nativeRateHz);
        this.room(command.roomId, true).add(member);
        return DONE;
      }
      case 'remove-remote-participant':
        this.removeMember(command.endpointId);
        return DONE;
      case 'set-participant': {
        const member = this.member(command.endpointId);
        if (command.muted !== undefined) member.state.isMuted = command.muted;
        if (command.deaf !== undefined) member.state.isDeaf = command.deaf;
        if (command.gainDb !== undefined) member.state.gain = Math.pow(10, command.gainDb / 20);
        return DONE;
      }
      case 'start-recording': {
        const room = this.room(command.roomId, true);
        this.recorders.get(command.roomId)?.close();
        const dir = this.config.recordingsDir;
        const path = isAbsolute(command.filePath) || dir === undefined ? command.filePath : join(dir, command.filePath);
        try {
          this.recorders.set(command.roomId, new WavRecorder(path, { sampleRateHz: room.rateHz }));
        } catch (error) {
          throw new CommandFailure('io-failed', `cannot open recording: ${(error as Error).message}`);
        }
        this.recorderRates.set(command.roomId, room.rateHz);
        room.isRecording = true;
        return DONE;
      }
      case 'stop-recording': {
        const room = this.room(command.roomId, false);
        room.isRecording = false;
        this.recorders.get(command.roomId)?.close();
        this.recorders.delete(command.roomId);
        this.dropRoomIfIdle(room);
        return DONE;
      }
      case 'shutdown':
        for (const id of [...this.endpoints.keys()]) this.destroyEndpoint(id);
        for (const recorder of this.recorders.values()) recorder.close();
        this.recorders.clear();
        return DONE;
      default: {
        const unhandled: never = command;
        return unhandled;
      }
    }
  }

  private async createEndpoint(endpointId: string, options: EndpointOptionsOf): Promise<ReplyValue> {
    if (this.endpoints.has(endpointId)) throw new CommandFailure('bad-request', `endpoint ${endpointId} exists`);
    let codec;
    try {
      codec = createFrameCodec(options.codec);
    } catch (error) {
      throw new CommandFailure('bad-request', `codec ${options.codec.name} unavailable: ${(error as Error).message}`);
    }
    const pair = await this.pool.allocate();
    if (pair === undefined) throw new CommandFailure('no-port', 'no free RTP port pair in range');
    const ssrc = randomInt(1, 0xffffffff);
    const holder: { endpoint?: EngineEndpoint } = {};
    const port = new RtpPort({
      pair,
      remote: options.remote,
      isRtcpMux: options.rtcpMux ?? false,
      clockRateHz: options.codec.clockRateHz,
      ssrc,
      cname: `pinbridge-${this.config.workerIndex}-${endpointId}`,
      now: this.now,
      onRtp: (view, arrivalMs) => holder.endpoint?.onRtp(view, arrivalMs),
      connectWhenLatched: this.config.connectLatchedRtp === true,
      maxPacketsPerSecond: this.config.maxPacketsPerSecond,
    });
    const endpoint = new EngineEndpoint(endpointId, options, codec, port, ssrc, {
      digit: (id: string, event: DtmfDigitEvent) => {
        if (event.source === 'info') return;
        this.post({ type: 'dtmf', endpointId: id, digit: event.digit, durationMs: event.durationMs, source: event.source });
      },
    });
    holder.endpoint = endpoint;
    this.endpoints.set(endpointId, endpoint);
    this.endpointList = [...this.endpoints.values()];
    this.pairs.set(endpointId, pair);
    return { type: 'endpoint-created', created: { endpointId, localAddress: this.config.bindAddress, localPort: pair.port } };
  }

  private readonly pairs = new Map<string, Parameters<PortPool['release']>[0]>();

  private destroyEndpoint(endpointId: string): void {
    const endpoint = this.endpoint(endpointId);
    this.leave(endpointId);
    for (const player of endpoint.players) player.stop();
    endpoint.players.length = 0;
    endpoint.port.close();
    const pair = this.pairs.get(endpointId);
    if (pair !== undefined) this.pool.release(pair);
    this.pairs.delete(endpointId);
    this.endpoints.delete(endpointId);
    this.endpointList = [...this.endpoints.values()];
  }

  private play(target: PlayTarget, playbackId: string, items: ConstructorParameters<typeof PlaylistPlayer>[1], loop: boolean): void {
    if ('endpointId' in target) {
      const endpoint = this.endpoint(target.endpointId);
      const endpointId = endpoint.endpointId;
      endpoint.players.push(
        new PlaylistPlayer(playbackId, items, loop, this.prompts, (reason) => this.post({ type: 'playback-done', endpointId, playbackId, reason })),
      );
      return;
    }
    const roomId = target.roomId;
    this.room(roomId, true).players.push(
      new PlaylistPlayer(playbackId, items, loop, this.prompts, (reason) => this.post({ type: 'playback-done', roomId, playbackId, reason })),
    );
  }

  private stopPlayback(target: PlayTarget, playbackId: string | undefined): void {
    const players = 'endpointId' in target ? this.endpoint(target.endpointId).players : (this.rooms.get(target.roomId)?.players ?? []);
    for (let i = players.length - 1; i >= 0; i--) {
      const player = players[i];
      if (player !== undefined && (playbackId === undefined || player.playbackId === playbackId)) {
        player.stop();
        players.splice(i, 1);
      }
    }
  }

  private endpoint(endpointId: string): EngineEndpoint {
    const endpoint = this.endpoints.get(endpointId);
    if (endpoint === undefined) throw new CommandFailure('not-found', `no endpoint ${endpointId}`);
    return endpoint;
  }

  private room(roomId: string, create: boolean): EngineRoom {
    let room = this.rooms.get(roomId);
    if (room === undefined) {
      if (!create) throw new CommandFailure('not-found', `no room ${roomId}`);
      room = new EngineRoom(roomId, this.config.mixTalkers, {
        talking: (endpointId, id, isTalking) => this.post({ type: 'talking', endpointId, roomId: id, isTalking }),
        recordFrame: (id, pcm, samples, rateHz) => this.record(id, pcm, samples, rateHz),
      });
      this.rooms.set(roomId, room);
      this.roomList = [...this.rooms.values()];
    }
    return room;
  }

  /** Appends a room frame; a room whose rate changed mid-recording is converted to the file's rate. */
  private record(roomId: string, pcm: Int16Array, samples: number, rateHz: number): void {
    const recorder = this.recorders.get(roomId);
    if (recorder === undefined) return;
    const fileRate = this.recorderRates.get(roomId) ?? rateHz;
    if (fileRate === rateHz) {
      recorder.append(pcm.subarray(0, samples));
      return;
    }
    const count = (samples * fileRate) / rateHz;
    const scratch = this.recordScratch;
    for (let i = 0; i < count; i++) scratch[i] = pcm[Math.floor((i * rateHz) / fileRate)] ?? 0;
    recorder.append(scratch.subarray(0, count));
  }

  private readonly recorderRates = new Map<string, number>();

  private member(endpointId: string): RoomMember {
    for (const room of this.roomList) {
      const member = room.members.find((m) => m.endpointId === endpointId);
      if (member !== undefined) return member;
    }
    throw new CommandFailure('not-found', `endpoint ${endpointId} is in no room on this worker`);
  }

  private removeMember(endpointId: string): void {
    for (const room of this.roomList) {
      if (room.remove(endpointId) !== undefined) {
        this.dropRoomIfIdle(room);
        return;
      }
    }
  }

  private leave(endpointId: string): void {
    const endpoint = this.endpoints.get(endpointId);
    if (endpoint === undefined || endpoint.roomId === undefined) return;
    if (endpoint.isRemoteLeg) this.remoteLegs.delete(endpointId);
    else this.removeMember(endpointId);
    endpoint.roomId = undefined;
    endpoint.isRemoteLeg = false;
  }

  private dropRoomIfIdle(room: EngineRoom): void {
    if (room.members.length > 0 || room.isRecording) return;
    for (const player of room.players) player.stop();
    this.rooms.delete(room.roomId);
    this.roomList = [...this.rooms.values()];
  }
}

type EndpointOptionsOf = Extract<CommandBody, { type: 'create-endpoint' }>['options'];
const DONE: ReplyValue = { type: 'done' };
