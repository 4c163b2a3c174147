import t from 'tap';
import { chooseAnnouncement } from './announcement.js';

const mary = { id: 'c1', hasRecordedName: true };
const anon = { id: 'c2', hasRecordedName: false };

t.test('entry and exit per room option', async (t) => {
  t.same(chooseAnnouncement('tone', 'entry', mary), { kind: 'tone', tone: 'entry' });
  t.same(chooseAnnouncement('tone', 'exit', mary), { kind: 'tone', tone: 'exit' });
  t.same(chooseAnnouncement('name', 'entry', mary), { kind: 'name', participantId: 'c1', prompt: 'has-joined' });
  t.same(chooseAnnouncement('name', 'exit', mary), { kind: 'name', participantId: 'c1', prompt: 'has-left' });
  t.same(chooseAnnouncement('name', 'entry', anon), { kind: 'tone', tone: 'entry' }, 'no recorded name: the tone');
  t.same(chooseAnnouncement('none', 'entry', mary), { kind: 'none' });
  t.same(chooseAnnouncement('none', 'exit', anon), { kind: 'none' });
});
