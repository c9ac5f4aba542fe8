// batch-classify.ijm: DICOM CNN batch classification. Research use only; not for clinical use.
//
// Opens every series folder under a folder of studies, classifies it with the model bundle
// chosen here (loaded once, by the first classification, and reused), and writes each series'
// findings (findings.json, findings.csv and overlay PNGs, docs/output-schemas.md) into a folder
// named by its Series Instance UID under an output folder.
//
// Argument (ImageJ's key=[value] syntax):
//   input=[folder of studies]  output=[folder for the results]  model=[default or bundle path]  device=[auto|cpu|gpu]
// model and device are optional (default: the built-in model, device auto).
//
// Fiji, no display:  ImageJ-linux64 --headless -batch batch-classify.ijm "input=[/data/studies] output=[/data/results]"
// Plain ImageJ, no display: org.dicomcnn.imagej.HeadlessBatch (docs/imagej.md).
//
// A series folder is a folder that holds files and no sub-folders, the layout of
// <patient>/<study>/<series>/ exports. A series that cannot be read stops the batch with a
// message naming it (the commands never leave a half-written file).

arg = getArgument();
input = argValue(arg, "input");
output = argValue(arg, "output");
model = argValue(arg, "model");
device = argValue(arg, "device");
if (model == "") model = "default";
if (device == "") device = "auto";
if (input == "" || output == "")
    exit("batch-classify: argument must be \"input=[folder of studies] output=[folder for the results]\", not \"" + arg + "\"");
if (!File.isDirectory(input))
    exit("batch-classify: input=[" + input + "] is not a folder");
if (!endsWith(input, "/")) input = input + "/";
File.makeDirectory(output);
if (!File.isDirectory(output))
    exit("batch-classify: cannot create output=[" + output + "]");

setBatchMode(true);
run("Model Bundle", "bundle=[" + model + "] device=" + device);
count = classifyUnder(input, output, 0);
print("batch-classify: " + count + " series classified; results in " + output);

// Classifies every series folder at or below dir; returns n plus the number classified.
function classifyUnder(dir, output, n) {
    list = getFileList(dir);
    files = 0;
    folders = 0;
    for (i = 0; i < list.length; i++) {
        if (endsWith(list[i], "/")) folders++;
        else files++;
    }
    if (files > 0 && folders == 0) {
        run("Open DICOM Series", "folder=[" + dir + "]");
        run("Classify DICOM Series", "batch=16");
        run("Export Results", "output=[" + output + "]");
        print("batch-classify: " + dir + " done");
        close("*");
        return n + 1;
    }
    for (i = 0; i < list.length; i++) {
        if (endsWith(list[i], "/"))
            n = classifyUnder(dir + list[i], output, n);
    }
    return n;
}

// The value of key=[value] in an argument string, or "" when absent.
function argValue(text, key) {
    start = indexOf(text, key + "=[");
    if (start < 0) return "";
    start = start + lengthOf(key) + 2;
    end = indexOf(text, "]", start);
    if (end < 0) return "";
    return substring(text, start, end);
}
