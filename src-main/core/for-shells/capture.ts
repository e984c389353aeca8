// Region capture with this desktop's own tool (a CapturePort core offers every shell), and how to
// describe its plan to a person.
export { OUTPUT, PREVIOUS, type CapturePlan } from '../capture/plan.ts';
export { createToolCapturer } from '../capture/run.ts';
