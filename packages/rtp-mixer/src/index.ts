export const PACKAGE_NAME = '@pinbridge/rtp-mixer';
