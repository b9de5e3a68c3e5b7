//! Transcript export: txt, md, json, csv, srt, vtt. (Being written.)
