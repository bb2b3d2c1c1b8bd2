"""Care pages: the participant's sharing and questionnaires, the counselor's caseload, staff."""
