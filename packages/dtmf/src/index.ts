export const PACKAGE_NAME = '@pinbridge/dtmf';
