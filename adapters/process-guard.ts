/**
 * The last line of defence of a process that may be in the middle of an
 * operation (a freeze included). A promise nobody awaited that rejects is
 * logged with a correlation id and the process keeps running: Node's
 * default would exit at once, and with it the in-process worker's step. An
 * exception nobody caught leaves the process in a state nobody knows, so
 * it is logged and the process stops, but in order: the adapters stop
 * taking requests and the worker finishes its step before the exit.
 */
import { newCorrelationId } from '../src/errors.ts';
import type { Logger } from '../src/ports.ts';

export interface ProcessGuardOptions {
  /** Stops the process in order (adapters, then the worker, then the runtime); called once, on the first uncaught exception. */
  readonly shutdown: () => Promise<void>;
  /** Ends the process once `shutdown` is done; process.exit unless a test says otherwise. */
  readonly exit?: (code: number) => void;
}

/** A guard's handlers, removable (a test installs and removes them). */
export interface ProcessGuard {
  dispose(): void;
}

/** Exit code after an uncaught exception: a supervisor restarts the process. */
export const uncaughtExitCode = 70;

export function guardProcess(logger: Logger, options: ProcessGuardOptions): ProcessGuard {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason, correlationId: newCorrelationId() }, 'unhandled rejection: logged, the process keeps running');
  };
  const onException = (error: Error) => {
    const correlationId = newCorrelationId();
    if (stopping) {
      logger.error({ err: error, correlationId }, 'uncaught exception while stopping: logged');
      return;
    }
    stopping = true;
    logger.error({ err: error, correlationId }, 'uncaught exception: stopping in order (the worker finishes its step first)');
    void options.shutdown().then(
      () => exit(uncaughtExitCode),
      (failure: unknown) => {
        logger.error({ err: failure, correlationId }, 'stopping after an uncaught exception failed');
        exit(uncaughtExitCode);
      },
    );
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
