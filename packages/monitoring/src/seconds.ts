/** A time as Prometheus timestamps are written: seconds since the Unix epoch. */
export function unixSeconds(time: Date): number {
  return time.getTime() / 1000;
}
