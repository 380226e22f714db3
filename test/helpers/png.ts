export { gradientPng } from '../../sim/common/png.ts';
