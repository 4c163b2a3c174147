import t from 'tap';
import { HandQueue } from './hand-queue.js';

t.test('hands queue in the order raised', async (t) => {
  const q = new HandQueue();
  t.equal(q.raise('a'), 1);
  t.equal(q.raise('b'), 2);
  t.equal(q.raise('c'), 3);
  t.equal(q.raise('b'), 2, 'raising again keeps the place');
  t.same(q.toggle('a'), { isRaised: false });
  t.equal(q.positionOf('c'), 2);
  t.same(q.toggle('a'), { isRaised: true, position: 3 });
  t.equal(q.next(), 'b');
  t.equal(q.next(), 'c');
  t.equal(q.next(), 'a');
  t.equal(q.next(), undefined);
  t.equal(q.size, 0);
  t.notOk(q.lower('zzz'));
});
