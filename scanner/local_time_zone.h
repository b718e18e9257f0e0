// The local time zone, fixed for the process. With TZ unset, glibc stats
// /etc/localtime under a process-wide lock on every local-time conversion,
// to notice a changed zone; libarchive converts each zip member's DOS time
// that way, several times per member of every pass over an OOXML package.
// On the benchmark's office files that was 17 stats a file and 4,800 futex
// calls of the two workers queueing on the lock: 1-5% of the scan's CPU
// over several runs. Naming the same file in TZ makes glibc read it once.
//
// Thread-safety: call first thing in main, before any thread starts
// (setenv is not thread-safe).
#ifndef MAMORI_SCANNER_LOCAL_TIME_ZONE_H_
#define MAMORI_SCANNER_LOCAL_TIME_ZONE_H_

namespace mamori {

// Sets TZ to ":/etc/localtime", glibc's own default, when TZ is unset; an
// explicit TZ (even empty, which means UTC) is left as it is.
void PinLocalTimeZone();

}  // namespace mamori

#endif  // MAMORI_SCANNER_LOCAL_TIME_ZONE_H_
