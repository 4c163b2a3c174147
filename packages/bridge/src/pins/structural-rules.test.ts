import t from 'tap';
import {
  hasFewDistinctDigits,
  hasRepeatedRun,
  hasSequentialRun,
  isArithmeticProgression,
  isCalendarDate,
  isKeypadPattern,
  isPalindrome,
  isPeriodic,
} from './structural-rules.js';

// Examples written by hand from SECURITY.md §"Weak-PIN blocklist" (the rule table's own
// examples first), each with near misses that must pass.
const cases: ReadonlyArray<{ rule: string; check: (d: string) => boolean; reject: readonly string[]; accept: readonly string[] }> = [
  {
    rule: 'R1 arithmetic progression mod 10',
    check: isArithmeticProgression,
    reject: ['000000', '123456', '135791', '890123', '987654', '97531975', '0369258147', '24680246'],
    accept: ['123457', '135792', '890124', '98765431', '1357913578'],
  },
  {
    rule: 'R2 periodic with period <= n/2',
    check: isPeriodic,
    reject: ['121212', '123123', '12341234', '4747474747', '909909', '12312312', '5555555555'],
    accept: ['121213', '123124', '12341235', '4747474774', '12312314'],
  },
  {
    rule: 'R3 palindrome',
    check: isPalindrome,
    reject: ['123321', '12344321', '1234554321', '9081809', '70044007'],
    accept: ['123322', '12344320', '1234554322', '90818091'],
  },
  {
    rule: 'R4 run of 4+ identical digits',
    check: hasRepeatedRun,
    reject: ['155559', '55550123', '01239999', '9027777702', '120000'],
    accept: ['155509', '55505123', '01239998', '9027770772', '122009'],
  },
  {
    rule: 'R5 ascending or descending run of n-2',
    check: hasSequentialRun,
    reject: ['123490', '498765', '31234567', '98765420', '1234567800', '0234567891'],
    accept: ['123590', '498865', '31234597', '90133456', '7896123456'],
  },
  {
    rule: 'R6 too few distinct digits',
    check: hasFewDistinctDigits,
    reject: ['110011', '12121122', '1212112133', '9900990099', '373733'],
    accept: ['110012', '12121123', '1212112345', '9900990012'],
  },
  {
    rule: 'R7 calendar date',
    check: isCalendarDate,
    reject: [
      '311299', // DDMMYY 31 Dec 99
      '122599', // MMDDYY 25 Dec 99
      '991231', // YYMMDD
      '290200', // DDMMYY 29 Feb 2000 (leap)
      '19991231', // YYYYMMDD
      '31122099', // DDMMYYYY
      '07041976', // MMDDYYYY
      '2000022931', // 8-digit date as prefix (29 Feb 2000) + 2 digits
      '4719000101', // 2 digits + 8-digit date as suffix (1 Jan 1900)
    ],
    accept: [
      '323299', // day 32, month 32
      '01130013', // month 13 everywhere
      '21001231', // year 2100 out of range, 31/12/2100 also out of range
      '29021900', // 29 Feb 1900: not a leap year; also not a YYYYMMDD date
      '18991231', // year 1899
      '9929021901', // 29 Feb 1901 as suffix is invalid, prefix "99290219" is no date
    ],
  },
  {
    rule: 'R8 keypad lines',
    check: isKeypadPattern,
    reject: ['147258', '159357', '25800852', '123456', '3692580963', '951753', '741852963'],
    accept: ['147259', '159358', '25800853', '1472583'],
  },
];

for (const { rule, check, reject, accept } of cases) {
  t.test(rule, async (t) => {
    for (const digits of reject) t.equal(check(digits), true, `rejects ${digits}`);
    for (const digits of accept) t.equal(check(digits), false, `accepts ${digits}`);
  });
}

t.test('R7 February 29 follows the Gregorian leap rule', async (t) => {
  t.equal(isCalendarDate('20240229'), true, '2024 is a leap year');
  t.equal(isCalendarDate('20230229'), false, '2023 is not');
  t.equal(isCalendarDate('29022023'), false, 'DDMMYYYY 29 Feb 2023');
});
