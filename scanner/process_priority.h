// Process priority: makes the scan yield the CPU and the local disk to
// everything else on the machine, for nightly runs on servers that also
// serve people.
//
// Thread-safety: call once, from the main thread, before any other thread
// exists (see REQUIRES below).
//
// What Linux really does (checked by process_priority_test.cc):
// - Nice values are per thread: setpriority(PRIO_PROCESS, 0, ...) changes
//   only the calling thread. Threads created afterwards inherit it.
// - ioprio_set(IOPRIO_WHO_PROCESS, 0, ...) likewise changes only the calling
//   thread ("current" in the kernel; a non-zero pid would name one thread,
//   not the thread group). Threads created afterwards inherit the class
//   (fork and clone copy a set I/O priority into the new task). The
//   IOPRIO_WHO_PGRP form would reach existing threads, but also every other
//   process in the group, such as the rest of a shell pipeline.
// So lowering the priority before the worker threads are started is what
// makes it cover the whole process.
//
// Limits: the idle I/O class is honoured only by I/O schedulers that have
// classes (BFQ, mq-deadline); "none" ignores it. It acts on local block
// devices only: on a share mounted over SMB or NFS it does not reach the file
// server, where ReadThrottle (--max-read-rate) is what helps.
#ifndef MAMORI_SCANNER_PROCESS_PRIORITY_H_
#define MAMORI_SCANNER_PROCESS_PRIORITY_H_

#include "mamori/status.h"

namespace mamori {

// Sets the CPU nice value to 19 and the I/O scheduling class to idle. Tries
// both even when one fails; on failure returns reason "priority-failed" with
// what failed (the process keeps running at whatever priority it has).
// Unprivileged users may do both, but cannot undo the nice value afterwards.
// REQUIRES: no other thread of this process has been created yet (TBB workers
// in particular), or those threads keep their priority.
Status LowerProcessPriority();

}  // namespace mamori

#endif  // MAMORI_SCANNER_PROCESS_PRIORITY_H_
