export const PACKAGE_NAME = '@pinbridge/sip-core';
