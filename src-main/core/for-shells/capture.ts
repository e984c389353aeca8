// Region capture with this desktop's own tool, and how to describe the plan to a person.
export { OUTPUT, PREVIOUS, type CapturePlan } from '../capture/plan.ts';
export { createToolCapturer, isOnPath } from '../capture/run.ts';
