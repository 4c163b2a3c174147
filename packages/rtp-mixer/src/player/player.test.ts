import t from 'tap';
import { renderMusicOnHold } from './music-on-hold.js';
import { Player } from './player.js';
import { PromptLibrary } from './prompt-library.js';
import { encodeWavHeader } from './wav-format.js';
import { renderTone } from './tone-generator.js';

function library(): PromptLibrary {
  const lib = new PromptLibrary();
  for (let d = 0; d < 10; d++) lib.addPcm(`digit-${d}`, new Int16Array(80).fill(100 + d), 8000);
  return lib;
}

t.test('digits, silence and done', async (t) => {
  const player = new Player(8000, library());
  player.play([{ kind: 'digits', text: '4 2' }, { kind: 'silence', ms: 10 }]);
  const first = player.next(160);
  t.ok(first instanceof Int16Array);
  if (first instanceof Int16Array) t.same([first[0], first[79], first[80], first[159]], [104, 104, 102, 102]);
  const second = player.next(160);
  if (second instanceof Int16Array) t.same([second[0], second[79], second[80]], [0, 0, 0], '10 ms silence then padding');
  t.equal(player.next(160), 'done');
  t.equal(player.next(160), null, 'idle afterwards');
});

t.test('loop and barge-in', async (t) => {
  const player = new Player(8000, library());
  player.play([{ kind: 'prompt', name: 'digit-7' }], { loop: true });
  for (let i = 0; i < 5; i++) {
    const f = player.next(160);
    t.ok(f instanceof Int16Array && f.every((s) => s === 107));
  }
  player.stop();
  t.equal(player.next(160), null, 'no done after stop');
});

t.test('music plays until stopped; tones are shaped', async (t) => {
  const player = new Player(16000, library());
  player.play([{ kind: 'music' }]);
  for (let i = 0; i < 500; i++) t.ok(player.next(320) instanceof Int16Array);
  const music = renderMusicOnHold(8000);
  t.equal(music.length, 64000, 'an 8 s loop');
  t.equal(music[0], 0, 'starts at zero (click-free loop)');
  t.ok(Math.max(...music.map(Math.abs)) < 32767);
  const ring = renderTone('ringback', 8000);
  t.equal(ring.length, 48000, '2 s on + 4 s off');
  t.same([...ring.subarray(16000, 16010)], new Array(10).fill(0));
  const entry = renderTone('entry', 8000);
  t.equal(entry[0], 0, 'ramped start');
});

t.test('prompt library resamples once per rate and keeps duration', async (t) => {
  const lib = new PromptLibrary();
  const pcm = Int16Array.from({ length: 8000 }, (_, i) => Math.round(5000 * Math.sin((2 * Math.PI * 500 * i) / 8000)));
  const wav = new Uint8Array(44 + pcm.byteLength);
  wav.set(encodeWavHeader(8000, pcm.byteLength));
  wav.set(new Uint8Array(pcm.buffer), 44);
  t.ok(lib.addWav('hello', wav).ok);
  const at48 = lib.get('hello', 48000);
  t.equal(at48?.length, 48000);
  t.equal(lib.get('hello', 48000), at48, 'shared instance');
  // Sample 6·n of the 48 kHz version matches sample n of the source (delay compensated).
  t.ok(Math.abs((at48?.[6 * 1000] ?? 0) - (pcm[1000] ?? 0)) < 100);
  t.equal(lib.get('missing', 8000), undefined);
  t.notOk(lib.addWav('bad', new Uint8Array(10)).ok);
});
