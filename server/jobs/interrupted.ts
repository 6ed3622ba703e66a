/** The error a job carries when the backend running it stopped mid-job (a crash, a kill, a lost machine). */
import { ERROR_CODES, type ApiError } from '../../contract/api';

export const interruptedError: ApiError = {
  message: 'The backend stopped while this job was running; the images it finished are kept.',
  type: 'server_error',
  param: null,
  code: ERROR_CODES.jobInterrupted,
};
