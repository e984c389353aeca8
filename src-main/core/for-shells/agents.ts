// What the agents' shell (`shotlink mcp`) uses of core: the agents' use cases (core/agents), each
// deciding the agents' rules (destinations, public-link consent, budget, shared folders, redaction) in
// core, and the OCR engine they share.
export { readAgentImage, rootFolders, type AgentImage, type AgentImageSource } from '../agents/files.ts';
export { previewForAgent, type AgentRedaction } from '../agents/redaction.ts';
export { uploadForAgent } from '../agents/upload.ts';
export { commentForAgent } from '../agents/comment.ts';
export { captureForAgent } from '../agents/captures.ts';
export { deleteForAgent, listForAgent } from '../agents/uploads.ts';
export { createOcrEngine, type OcrEngine } from '../redact/ocr.ts';
export { previewPng } from '../agents/preview-png.ts';
export { CAPTURE_MODES } from '../capture/modes.ts';
