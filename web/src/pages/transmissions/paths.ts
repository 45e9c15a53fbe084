/** The page of one of the patient's transmissions (an opaque id: no PHI in the URL). */
export const transmissionPath = (transmissionId: string) => `/transmissions/${encodeURIComponent(transmissionId)}`;
