"""Extensions of stays: staff request one, a coordinator who did not ask decides."""
