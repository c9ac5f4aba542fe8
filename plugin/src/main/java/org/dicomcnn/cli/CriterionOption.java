package org.dicomcnn.cli;

import org.dicomcnn.temporal.GrowthCriterion;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The growth-criterion option that {@code compare} and {@code export} share, as a picocli mixin. */
final class CriterionOption {

    @Option(names = "--criterion", paramLabel = "RULE", defaultValue = "lung-rads-2022",
            description = "Growth criterion for nodules: lung-rads-2022, fleischner-2017 or bts-nelson-volume "
                    + "(other classes are judged by volume). Default: ${DEFAULT-VALUE}.")
    String criterion;

    /**
     * @param cli the command, for usage errors
     * @return the criterion asked for
     * @throws CommandLine.ParameterException naming the accepted values if it is not one
     */
    GrowthCriterion criterion(CommandLine cli) {
        try {
            return GrowthCriterion.parse(criterion);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--criterion: " + e.getMessage());
        }
    }
}
