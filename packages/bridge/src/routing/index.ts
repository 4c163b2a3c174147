export { ipInRange, parseIpAddress, parseIpRange } from './ip-range.js';
export type { IpRange } from './ip-range.js';
export {
  buildRoutingTable,
  findTrunk,
  identifyCaller,
  normalizeNumber,
  parseCallerId,
  parseDidTarget,
  routeCall,
} from './route-call.js';
export type {
  CallRoute,
  CallTarget,
  CallerIdentity,
  DidTarget,
  RouteInput,
  RouteReason,
  RoutingTable,
  TrunkRoute,
  TrunkSpec,
} from './route-call.js';
