import t from 'tap';
import { PACKAGE_NAME } from './index.js';
t.equal(PACKAGE_NAME, '@pinbridge/dtmf');
