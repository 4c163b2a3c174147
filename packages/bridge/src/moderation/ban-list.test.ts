import t from 'tap';
import { BanList } from './ban-list.js';

t.test('a banned identity is refused whatever its case or padding; anonymous cannot be banned', async (t) => {
  const bans = new BanList();
  t.equal(bans.ban('sip:Eve@Example.com'), true);
  t.equal(bans.isBanned(' sip:eve@example.com '), true);
  t.equal(bans.isBanned('sip:bob@example.com'), false);
  t.equal(bans.ban(undefined), false);
  t.equal(bans.ban('Anonymous'), false);
  t.equal(bans.isBanned('anonymous'), false);
  t.equal(bans.isBanned(undefined), false);
  t.equal(bans.size, 1);
});
