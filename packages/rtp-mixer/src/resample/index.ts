export { Resampler } from './resampler.js';
