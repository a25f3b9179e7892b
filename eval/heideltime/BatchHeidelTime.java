import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.heideltime.standalone.components.impl.TimeMLResultFormatter;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * HeidelTime standalone (english, news, TreeTagger) over many documents in one JVM, so the
 * model is loaded once. Usage: BatchHeidelTime config.props manifest.tsv, where each manifest
 * line is "input.txt TAB yyyy-MM-dd (DCT) TAB output.tml". Each output is HeidelTime's TimeML,
 * the formatter of `java -jar heideltime.jar -t news -o timeml`. Prints
 * "DONE output.tml <nanoseconds spent in process()>" or "FAIL output.tml <exception>" per line.
 */
public class BatchHeidelTime {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone heideltime = new HeidelTimeStandalone(
                Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        TimeMLResultFormatter timeml = new TimeMLResultFormatter();
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] field = line.split("\t");
            String text = Files.readString(Paths.get(field[0]), StandardCharsets.UTF_8);
            Date dct = day.parse(field[1]);
            long started = System.nanoTime();
            String out;
            try {
                out = heideltime.process(text, dct, timeml);
            } catch (Exception e) {
                System.out.println("FAIL " + field[2] + " " + e);
                continue;
            }
            long nanos = System.nanoTime() - started;
            Files.writeString(Paths.get(field[2]), out, StandardCharsets.UTF_8);
            System.out.println("DONE " + field[2] + " " + nanos);
            System.out.flush();
        }
    }
}
