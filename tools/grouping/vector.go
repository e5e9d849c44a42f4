package grouping

import "math"

// sparse is an L2-normalised feature vector.
type sparse map[int]float64

func normalized(e []float32) []float64 {
	out := make([]float64, len(e))
	var n float64
	for i, x := range e {
		out[i] = float64(x)
		n += out[i] * out[i]
	}
	if n = math.Sqrt(n); n > 0 {
		for i := range out {
			out[i] /= n
		}
	}
	return out
}

func cosine(a, b []float64) float64 {
	var dot, nb float64
	for i := range a {
		if i < len(b) {
			dot += a[i] * b[i]
			nb += b[i] * b[i]
		}
	}
	if nb == 0 {
		return 0
	}
	return dot / math.Sqrt(nb)
}

func sqrt(x float64) float64 { return math.Sqrt(x) }

func abs(x float64) float64 { return math.Abs(x) }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func centroidSim(a sparse, an2 float64, b sparse, bn2 float64) float64 {
	if an2 == 0 || bn2 == 0 {
		return 0
	}
	if len(b) < len(a) {
		a, b = b, a
	}
	var dot float64
	for id, w := range a {
		dot += w * b[id]
	}
	return dot / sqrt(an2*bn2)
}
