// What the agents' shell (`shotlink mcp`) uses of core: the agents' rules and use cases (core/agents),
// and OCR for redaction.
export { agentTarget, visibilityOf } from '../agents/destination.ts';
export { decodeAgentData, readAgentFile, rootFolders, type AgentImage } from '../agents/files.ts';
export { previewForAgent, redactForAgent, type AgentRedaction } from '../agents/redaction.ts';
export { uploadForAgent, type AgentUpload } from '../agents/upload.ts';
export { commentForAgent, type AgentComment } from '../agents/comment.ts';
export { keepCapture, readCapture } from '../agents/captures.ts';
export { deleteForAgent, listForAgent, type AgentUploadSummary } from '../agents/uploads.ts';
export { createOcrEngine, type OcrEngine } from '../redact/ocr.ts';
export { createToolCapturer } from '../capture/run.ts';
export { CAPTURE_MODES, type CaptureMode } from '../capture/modes.ts';
