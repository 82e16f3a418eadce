package sonar.exfiltrate.send;

/**
 * What each answer means for a batch, one reason per rule. Anything no rule claims (a redirect, 404,
 * 405, 415, ...) means the server cannot take our data as configured: the run stops and says so, and the
 * batches stay spooled until an operator fixes the setup. Stateless.
 */
final class RetryRules {

  private RetryRules() {}

  /** Any 2xx: the server has the batch. Our server answers only once it is on disk. */
  static boolean isDelivered(Answer answer) {
    return answer.isAnswer() && answer.status() >= 200 && answer.status() <= 299;
  }

  /** The network or the server is down or busy, which passes: try again after a while. */
  static boolean isTransient(Answer answer) {
    if (!answer.isAnswer()) {
      return answer.failure() == Answer.Failure.CONNECTION;
    }
    int status = answer.status();
    return status == 408 // the request did not arrive in the server's time
        || status == 429 // too many requests: the server asks us to slow down
        || (status >= 500 && status <= 599); // the server failed, or is busy or restarting
  }

  /** The server judged this batch and will never take it (bad content, too large): set it aside, go on. */
  static boolean isRefusalOfBatch(Answer answer) {
    return answer.isAnswer() && (answer.status() == 400 || answer.status() == 413);
  }

  /**
   * The server refused us, not the batch (wrong password, not allowed): set this batch aside for the
   * operator, and stop, as every other batch would fare the same.
   */
  static boolean isRefusalOfSender(Answer answer) {
    return answer.isAnswer() && (answer.status() == 401 || answer.status() == 403);
  }
}
