import { defineRoutes } from '../http/routes';
import { VIDEO_LIMITS, VIDEO_MIME_TYPES } from '../limits';

const tags = ['program'];
const videoTags = ['videos'];

/**
 * A session's program and its venue's template, quiz questions, exercise videos. Hosts of the venue and
 * organisers of its organisation; the rest answers 404.
 */
export const programRoutes = defineRoutes({
  program: {
    method: 'GET',
    path: '/api/sessions/:sessionId/program',
    access: 'staff',
    params: 'SessionProgramParams',
    response: 'Program',
    tags,
    description: 'The session’s own program, else its venue’s template, else the default (see `source`).',
  },
  saveProgram: {
    method: 'PUT',
    path: '/api/sessions/:sessionId/program',
    access: 'staff',
    params: 'SessionProgramParams',
    body: 'SaveProgram',
    response: 'Program',
    tags,
    description:
      'Saves the program (audited); with `saveAsTemplate` (default true) it also becomes the venue’s template for the next sessions.',
  },
  template: {
    method: 'GET',
    path: '/api/venues/:venueId/program-template',
    access: 'staff',
    params: 'VenueParams',
    response: 'ProgramTemplate',
    tags,
  },
  saveTemplate: {
    method: 'PUT',
    path: '/api/venues/:venueId/program-template',
    access: 'staff',
    params: 'VenueParams',
    body: 'SaveProgramTemplate',
    response: 'ProgramTemplate',
    tags,
  },
  quizQuestions: {
    method: 'GET',
    path: '/api/venues/:venueId/quiz-questions',
    access: 'staff',
    params: 'VenueParams',
    response: 'QuizQuestionList',
    tags,
    description: 'The built-in questions, then the venue’s own.',
  },
  addQuizQuestion: {
    method: 'POST',
    path: '/api/venues/:venueId/quiz-questions',
    access: 'staff',
    params: 'VenueParams',
    body: 'QuizQuestionInput',
    response: 'QuizQuestion',
    status: 201,
    tags,
  },
  deleteQuizQuestion: {
    method: 'DELETE',
    path: '/api/quiz-questions/:questionId',
    access: 'staff',
    params: 'QuizQuestionParams',
    response: 'Ok',
    tags,
  },

  videos: {
    method: 'GET',
    path: '/api/organisations/:organisationId/videos',
    access: 'staff',
    params: 'OrganisationParams',
    response: 'ExerciseVideoList',
    tags: videoTags,
  },
  uploadVideo: {
    method: 'POST',
    path: '/api/organisations/:organisationId/videos',
    access: 'organiser',
    params: 'OrganisationParams',
    query: 'UploadVideoQuery',
    // The raw request stream: the service decides from the headers before reading a byte and counts the bytes itself.
    body: { stream: VIDEO_MIME_TYPES },
    response: 'ExerciseVideo',
    status: 201,
    errors: [400, 401, 403, 404, 413, 415],
    tags: videoTags,
    description: `The file itself as the body, Content-Type ${VIDEO_MIME_TYPES.join(' or ')}, at most ${VIDEO_LIMITS.maxBytes / (1024 * 1024)} MB. Organisers only; audited.`,
  },
  deleteVideo: {
    method: 'DELETE',
    path: '/api/videos/:videoId',
    access: 'organiser',
    params: 'VideoParams',
    response: 'Ok',
    tags: videoTags,
  },
  videoFile: {
    method: 'GET',
    path: '/api/videos/:videoId/file',
    // Public: a signed link is checked by the handler; without one, the signed-in staff member's organisation.
    access: 'public',
    params: 'VideoParams',
    query: 'SignedVideoQuery',
    response: { file: VIDEO_MIME_TYPES },
    errors: [400, 401, 403, 404, 416],
    tags: videoTags,
    description:
      'The video file, with Range support. Signed URL (`exp`, `sig`, as given to a live session) or a signed-in staff member of its organisation.',
  },
});
