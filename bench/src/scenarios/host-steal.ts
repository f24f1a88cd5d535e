import { readFileSync } from "node:fs";

/** Linux counts CPU time in /proc/stat in ticks of 1/100 s (USER_HZ) on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time the hypervisor has taken from this virtual machine since boot, in
 * seconds, summed over its CPUs: the `steal` column of /proc/stat. Zero where
 * there is no such file (not Linux): the run is then not checked for it.
 */
export function hostStealSeconds(): number {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const steal = Number(cpu.trim().split(/\s+/)[8]);
    return Number.isFinite(steal) ? steal / TICKS_PER_SECOND : 0;
  } catch {
    return 0;
  }
}
