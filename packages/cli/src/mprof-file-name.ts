/**
 * `mprofile_%Y%m%d%H%M%S.dat`, mprof's default file name, in local time. A module of its own so
 * the command's wiring (`mprof.ts`) names the default without loading the recorder (`mprof-run.ts`)
 * and line-profiler, which only the script thread needs.
 */
export function defaultMprofFile(now: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `mprofile_${stamp}.dat`;
}
