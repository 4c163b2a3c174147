export const PACKAGE_NAME = '@pinbridge/bridge';
