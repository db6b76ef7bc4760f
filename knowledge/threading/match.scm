; Constructors of threads and of the tools that coordinate them:
; threading.Thread/Timer/Lock/RLock/Condition/Semaphore/BoundedSemaphore/Event/Barrier
; and concurrent.futures.ThreadPoolExecutor (queue.Queue has a note of its own, queue-queue)
; (also as a bare name after `from concurrent.futures import ThreadPoolExecutor`:
; no other standard module defines that name).
; Bare Thread(...)/Lock(...) after `from threading import ...` are not matched:
; Lock/Event/Queue also exist in multiprocessing and asyncio.
(call
  function: (attribute
    object: (identifier) @module
    attribute: (identifier) @function)
  (#eq? @module "threading")
  (#any-of? @function
    "Thread" "Timer" "Lock" "RLock" "Condition" "Semaphore"
    "BoundedSemaphore" "Event" "Barrier")) @construct

(call
  function: (attribute
    attribute: (identifier) @function)
  (#eq? @function "ThreadPoolExecutor")) @construct

(call
  function: (identifier) @function
  (#eq? @function "ThreadPoolExecutor")) @construct
