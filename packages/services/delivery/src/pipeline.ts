// Runs the ordered stages with a time budget each; a verdict other than accept/quarantine
// skips the rest, except the stages that must always run (the message log).
import type { Logger } from '@chasqui/core';
import type { DeliveryContext, Stage } from './types.js';

export interface PipelineOptions {
  readonly stageTimeoutMs: number;
  readonly logger: Logger;
}

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`stage ${name} took longer than ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

function isStopped(context: DeliveryContext): boolean {
  return context.verdict !== 'accept' && context.verdict !== 'quarantine';
}

export async function runPipeline(
  stages: readonly Stage[],
  context: DeliveryContext,
  options: PipelineOptions,
): Promise<void> {
  for (const stage of stages) {
    if (isStopped(context) && stage.always !== true) continue;
    const started = performance.now();
    try {
      await withTimeout(stage.run(context), options.stageTimeoutMs, stage.name);
    } catch (error) {
      options.logger.error({ err: error, stage: stage.name }, 'delivery.stage_failed');
      if (!isStopped(context)) {
        context.verdict = 'tempfail';
        context.refusal = {
          code: 451,
          enhanced: '4.3.0',
          text: 'Local error in processing; try again later',
        };
      }
    } finally {
      context.timings[stage.name] = Math.round((performance.now() - started) * 100) / 100;
    }
  }
}
