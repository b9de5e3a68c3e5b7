use formant_audio::playback::StreamResampler;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let ch: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let mut d = formant_audio::decode::open(std::path::Path::new(&path)).unwrap();
    let info = *d.info();
    let mut all = vec![0f32; 1 << 22];
    let n = d.read(&mut all).unwrap();
    let mono: Vec<f32> = all[..n * info.channels].iter().skip(ch).step_by(info.channels).copied().collect();
    let mut r = StreamResampler::new(info.sample_rate, 16000, 1).unwrap();
    let mut out = vec![Vec::new()];
    r.process(&[mono.clone()], mono.len(), &mut out).unwrap();
    r.finish(&mut out).unwrap();
    let mut det = earshot::Detector::default();
    let mut line = String::new();
    for (k, f) in out[0].chunks_exact(256).enumerate() {
        let s = det.predict_f32(f);
        let lvl = formant_analysis::vad::level_db(f);
        let t = k as f64 * 0.016;
        if (t > 3.0 && t < 4.0) || (t > 0.4 && t < 0.8) || (t>4.5 && t < 4.7) { println!("{t:.3} {s:.3} {lvl:.1}"); }
        let _ = &mut line;
    }
}
