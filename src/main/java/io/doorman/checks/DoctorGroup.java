package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import java.util.List;
import java.util.function.Consumer;

/** One group of the doctor's checks: it reads what it needs and feeds each check to the consumer as it completes. */
public interface DoctorGroup {

    /** The ids this group reports, in order, so the doctor can skip them all when it cannot go on. */
    List<String> ids(DoctorInputs in);

    /** Runs the group's checks; never throws for a failed call (that is a failing or skipped check). */
    void run(DoctorContext ctx, Consumer<Check> out);
}
