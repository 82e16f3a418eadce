package sonar.sonalyze.run;

/** A command, its flags checked, ready to run. */
public interface CommandRun {

  /**
   * Runs, writing to the context's output and reporting problems to it.
   *
   * @throws Failure when the run cannot go on
   */
  void run(Context context);
}
