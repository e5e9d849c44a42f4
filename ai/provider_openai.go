package ai

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// openAIProvider speaks the OpenAI API through go-openai, so any compatible
// gateway (OpenRouter, Ollama, vLLM, Azure-compatible proxies) works.
type openAIProvider struct {
	client *openai.Client
	http   *http.Client
}

var _ Provider = (*openAIProvider)(nil)

func newOpenAIProvider(baseURL, key string, base *http.Client) *openAIProvider {
	cfg := openai.DefaultConfig(key)
	if baseURL != "" {
		cfg.BaseURL = strings.TrimRight(baseURL, "/")
	}
	rt := base.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	hc := &http.Client{Transport: infoTransport{rt}, Jar: base.Jar}
	cfg.HTTPClient = hc
	return &openAIProvider{client: openai.NewClientWithConfig(cfg), http: hc}
}

// usesCompletionTokens tells reasoning-era models (which reject max_tokens)
// from the rest (older models and most local gateways only know max_tokens).
func usesCompletionTokens(model string) bool {
	for _, p := range []string{"gpt-5", "gpt-6", "o1", "o3", "o4"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

func (p *openAIProvider) Chat(ctx context.Context, m Model, cp ChatParams) (ChatResult, error) {
	req := openai.ChatCompletionRequest{Model: m.Name}
	for _, msg := range cp.Messages {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: msg.Role, Content: msg.Content})
	}
	if usesCompletionTokens(m.Name) {
		req.MaxCompletionTokens = cp.MaxTokens
	} else {
		req.MaxTokens = cp.MaxTokens
		req.Temperature = cp.Temperature
	}
	if cp.Schema != nil {
		if cp.Strict {
			req.ResponseFormat = &openai.ChatCompletionResponseFormat{
				Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
				JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
					Name: cp.SchemaName, Schema: rawSchema(cp.Schema), Strict: true,
				},
			}
		} else {
			req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		}
	}
	res, err := p.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return ChatResult{}, err
	}
	if len(res.Choices) == 0 {
		return ChatResult{}, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: errors.New("reply has no choices")}
	}
	c := res.Choices[0]
	return ChatResult{
		Content: c.Message.Content, FinishReason: string(c.FinishReason),
		TokensIn: res.Usage.PromptTokens, TokensOut: res.Usage.CompletionTokens,
	}, nil
}

type rawSchema map[string]any

func (s rawSchema) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]any(s)) }

func (p *openAIProvider) Embed(ctx context.Context, m Model, texts []string) ([][]float32, int, error) {
	res, err := p.client.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{Input: texts, Model: openai.EmbeddingModel(m.Name)})
	if err != nil {
		return nil, 0, err
	}
	out := make([][]float32, len(texts))
	for i, d := range res.Data {
		idx := d.Index
		if idx < 0 || idx >= len(out) {
			idx = i
		}
		out[idx] = d.Embedding
	}
	for i, v := range out {
		if v == nil {
			return nil, 0, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: fmt.Errorf("no embedding for input %d", i)}
		}
	}
	return out, res.Usage.PromptTokens, nil
}

// imageSize maps a requested size to the nearest size OpenAI image models accept.
func imageSize(w, h int) string {
	switch {
	case w > h:
		return openai.CreateImageSize1536x1024
	case h > w:
		return openai.CreateImageSize1024x1536
	}
	return openai.CreateImageSize1024x1024
}

func (p *openAIProvider) Image(ctx context.Context, m Model, r ImageRequest) (ImageResult, error) {
	req := openai.ImageRequest{Prompt: r.Prompt, Model: m.Name, N: 1, Size: imageSize(r.Width, r.Height)}
	if strings.HasPrefix(m.Name, "dall-e") {
		req.ResponseFormat = openai.CreateImageResponseFormatB64JSON
		req.Size = openai.CreateImageSize1024x1024
	}
	res, err := p.client.CreateImage(ctx, req)
	if err != nil {
		return ImageResult{}, err
	}
	if len(res.Data) == 0 {
		return ImageResult{}, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: errors.New("reply has no image")}
	}
	d := res.Data[0]
	var raw []byte
	switch {
	case d.B64JSON != "":
		raw, err = base64.StdEncoding.DecodeString(d.B64JSON)
		if err != nil {
			return ImageResult{}, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: fmt.Errorf("decode image: %w", err)}
		}
	case d.URL != "":
		raw, err = p.download(ctx, d.URL)
		if err != nil {
			return ImageResult{}, err
		}
	default:
		return ImageResult{}, &ProviderError{Model: m.Name, Status: http.StatusBadGateway, Err: errors.New("reply has neither b64_json nor url")}
	}
	return ImageResult{Bytes: raw, MIME: http.DetectContentType(raw), RevisedPrompt: d.RevisedPrompt}, nil
}

func (p *openAIProvider) download(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	res, err := p.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, &ProviderError{Status: res.StatusCode, Err: fmt.Errorf("download image: %s", res.Status)}
	}
	return io.ReadAll(io.LimitReader(res.Body, 50<<20))
}
