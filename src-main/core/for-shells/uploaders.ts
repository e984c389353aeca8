// ShareX custom uploaders (.sxcu) imported as providers.
export { UploaderStore } from '../providers/custom/store.ts';
