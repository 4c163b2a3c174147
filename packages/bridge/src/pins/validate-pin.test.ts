import t from 'tap';
import { validatePin, type PinContext, type PinRejectionCode } from './validate-pin.js';
import { longestCommonSubstring } from './context-rules.js';

function rejection(digits: string, context: PinContext = {}): PinRejectionCode | 'accepted' {
  const result = validatePin(digits, context);
  return result.ok ? 'accepted' : result.error.code;
}

t.test('format: digits only, 6-12 long, the configured length', async (t) => {
  t.equal(rejection('1234a678'), 'not-digits');
  t.equal(rejection(''), 'not-digits');
  t.equal(rejection('48 27 1956'), 'not-digits');
  t.equal(rejection('48271'), 'wrong-length');
  t.equal(rejection('4827195604836'), 'wrong-length');
  t.equal(rejection('48271956', { length: 10 }), 'wrong-length');
  t.equal(rejection('48271963', { length: 8 }), 'accepted');
});

t.test('each structural rule is reported by its code', async (t) => {
  t.equal(rejection('13579135'), 'R1');
  t.equal(rejection('47104710'), 'R2');
  t.equal(rejection('47100174'), 'R3');
  t.equal(rejection('47777102'), 'R4');
  t.equal(rejection('45678902'), 'R5');
  t.equal(rejection('47447474'), 'R6');
  t.equal(rejection('20190704'), 'R7');
  t.equal(rejection('147258'), 'R8');
});

const room = '583920417';

t.test('C1: room ID, its reverse, its first or last n digits', async (t) => {
  t.equal(rejection('583920417', { roomId: room }), 'C1', 'equal (9 digits)');
  t.equal(rejection('714029385', { roomId: room }), 'C1', 'reverse');
  t.equal(rejection('58392041', { roomId: room }), 'C1', 'first 8');
  t.equal(rejection('83920417', { roomId: room }), 'C1', 'last 8');
  t.equal(rejection('61749253', { roomId: room }), 'accepted');
});

t.test('C2: a shared run of 4+ digits with the room ID', async (t) => {
  t.equal(rejection('61392048', { roomId: room }), 'C2', 'shares 39204');
  t.equal(rejection('76140417', { roomId: room }), 'C2', 'shares 0417');
  t.equal(rejection('61392648', { roomId: room }), 'accepted', 'shares only 392');
});

t.test('C3: the host PIN resembles the participant PIN', async (t) => {
  const participant = '61749253';
  t.equal(rejection('6174925380', { otherRolePin: participant }), 'C3', 'contains it');
  t.equal(rejection('3061749253', { otherRolePin: participant }), 'C3', 'contains it at the end');
  t.equal(rejection('8117492506', { otherRolePin: participant }), 'C3', 'shares 174925 (6 digits)');
  t.equal(rejection('8117492066', { otherRolePin: participant }), 'accepted', 'shares 17492 only');
  t.equal(rejection('61749381', { otherRolePin: participant }), 'accepted', 'equal length, shares 5 digits, differs in 3 positions');
  t.equal(rejection('61709283', { otherRolePin: '61749253' }), 'C3', 'equal length, differs in 2 positions');
  t.equal(rejection('61709288', { otherRolePin: '61749253' }), 'accepted', 'equal length, differs in 3 positions');
  t.equal(rejection('61749253', { otherRolePin: '61749253' }), 'C3', 'equal PINs');
});

t.test('C4: digits of a DID or the owner phone', async (t) => {
  const phoneNumbers = ['+1 555 123-4567', '4471'];
  t.equal(rejection('89512345', { phoneNumbers }), 'C4', 'shares 512345 with the DID');
  t.equal(rejection('90447182', { phoneNumbers }), 'C4', 'contains the extension 4471');
  t.equal(rejection('90144178', { phoneNumbers }), 'accepted', 'no 6-digit run of the DID, no 4471');
  t.equal(rejection('89512045', { phoneNumbers: ['12'] }), 'accepted', 'numbers under 3 digits are ignored');
});

t.test('C5: one of the last 5 PINs (checked through a callback)', async (t) => {
  const recent = new Set(['61749253', '80417326']);
  const isRecentPin = (pin: string) => recent.has(pin);
  t.equal(rejection('80417326', { isRecentPin }), 'C5');
  t.equal(rejection('80417329', { isRecentPin }), 'accepted');
});

t.test('C6: a prefix of, or extension of, another accepted code', async (t) => {
  t.equal(rejection('61749253', { otherCodes: ['6174925380'] }), 'C6', 'prefix of a longer code');
  t.equal(rejection('6174925380', { otherCodes: ['61749253'] }), 'C6', 'extends a shorter code');
  t.equal(rejection('61749253', { otherCodes: ['61749254'] }), 'accepted');
  const stored = new Set(['617492']);
  t.equal(rejection('61749253', { isAcceptedCode: (code) => stored.has(code) }), 'C6', 'a stored 6-digit code is its prefix');
  t.equal(rejection('61749253', { isAcceptedCode: () => false }), 'accepted');
});

t.test('a refusal never echoes the PIN', async (t) => {
  const pins = ['19991231', '61749253', '583920417'];
  for (const pin of pins) {
    const result = validatePin(pin, { roomId: '583920417', otherRolePin: '61749253' });
    t.equal(result.ok, false);
    if (!result.ok) {
      t.notMatch(result.error.message, pin);
      t.notMatch(JSON.stringify(result.error), pin);
    }
  }
});

t.test('longest common substring', async (t) => {
  t.equal(longestCommonSubstring('61392048', '583920417'), 5, '39204');
  t.equal(longestCommonSubstring('12345678', '90123'), 3, '123');
  t.equal(longestCommonSubstring('1111', '2222'), 0);
  t.equal(longestCommonSubstring('', '123'), 0);
});
