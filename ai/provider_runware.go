package ai

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-resty/resty/v2"
	"github.com/google/uuid"
)

// runwareProvider generates images through Runware's REST API: one POST of a
// task array with an imageInference task, answered with base64 image data.
type runwareProvider struct {
	url    string
	key    string
	client *resty.Client
}

var _ Provider = (*runwareProvider)(nil)

func newRunwareProvider(url, key string, base *http.Client) *runwareProvider {
	return &runwareProvider{url: url, key: key, client: resty.NewWithClient(base)}
}

type runwareTask struct {
	TaskType       string `json:"taskType"`
	TaskUUID       string `json:"taskUUID"`
	PositivePrompt string `json:"positivePrompt"`
	NegativePrompt string `json:"negativePrompt,omitempty"`
	Model          string `json:"model"`
	Width          int    `json:"width"`
	Height         int    `json:"height"`
	NumberResults  int    `json:"numberResults"`
	OutputType     string `json:"outputType"`
	OutputFormat   string `json:"outputFormat"`
	IncludeCost    bool   `json:"includeCost"`
}

type runwareResponse struct {
	Data []struct {
		TaskType        string  `json:"taskType"`
		TaskUUID        string  `json:"taskUUID"`
		ImageBase64Data string  `json:"imageBase64Data"`
		Cost            float64 `json:"cost"`
	} `json:"data"`
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// runwareDim rounds a side to Runware's accepted range (128..2048, multiple of 64).
func runwareDim(v int) int {
	if v <= 0 {
		v = 1024
	}
	v = (v + 32) / 64 * 64
	return min(max(v, 128), 2048)
}

func (p *runwareProvider) Image(ctx context.Context, m Model, r ImageRequest) (ImageResult, error) {
	task := runwareTask{
		TaskType: "imageInference", TaskUUID: uuid.NewString(), PositivePrompt: r.Prompt, NegativePrompt: r.Negative,
		Model: m.Name, Width: runwareDim(r.Width), Height: runwareDim(r.Height), NumberResults: 1,
		OutputType: "base64Data", OutputFormat: "PNG", IncludeCost: true,
	}
	var out runwareResponse
	res, err := p.client.R().SetContext(ctx).SetAuthToken(p.key).SetBody([]runwareTask{task}).
		SetResult(&out).SetError(&out).Post(p.url)
	if err != nil {
		return ImageResult{}, err
	}
	if res.IsError() || len(out.Errors) > 0 {
		msgs := make([]string, 0, len(out.Errors))
		for _, e := range out.Errors {
			msgs = append(msgs, e.Code+": "+e.Message)
		}
		if len(msgs) == 0 {
			msgs = append(msgs, res.Status())
		}
		status := res.StatusCode()
		if status < 400 {
			status = http.StatusBadGateway
		}
		return ImageResult{}, &ProviderError{Model: m.Name, Status: status,
			RetryAfter: parseRetryAfter(res.Header().Get("Retry-After")), Err: errors.New("runware: " + strings.Join(msgs, "; "))}
	}
	for _, d := range out.Data {
		if d.TaskUUID != task.TaskUUID || d.ImageBase64Data == "" {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(d.ImageBase64Data)
		if err != nil {
			return ImageResult{}, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: fmt.Errorf("runware: decode image: %w", err)}
		}
		return ImageResult{Bytes: raw, MIME: http.DetectContentType(raw)}, nil
	}
	return ImageResult{}, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: errors.New("runware: reply has no image for the task")}
}

func (p *runwareProvider) Chat(context.Context, Model, ChatParams) (ChatResult, error) {
	return ChatResult{}, errors.New("runware: chat is not supported")
}

func (p *runwareProvider) Embed(context.Context, Model, []string) ([][]float32, int, error) {
	return nil, 0, errors.New("runware: embeddings are not supported")
}
