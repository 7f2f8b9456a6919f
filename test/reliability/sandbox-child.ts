/**
 * Child process of `Sandbox`: runs each Python source it is sent through a fresh interpreter and
 * reports the exit status and stderr, or the JavaScript error that escaped the interpreter.
 */
import { Interpreter } from '@memkit/interpreter';
import { tracemallocModule } from '@memkit/tracemalloc';
import type { SandboxOutcome, SandboxRequest } from './sandbox';

process.on('message', (request: SandboxRequest) => {
  let stderr = '';
  let outcome: SandboxOutcome;
  try {
    const interpreter = new Interpreter({
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
      modules: [tracemallocModule()],
    });
    const { exitCode } = interpreter.run(request.source, request.filename);
    outcome = { kind: 'exit', exitCode, stderr };
  } catch (error) {
    outcome = {
      kind: 'js-error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  process.send?.(outcome);
});
