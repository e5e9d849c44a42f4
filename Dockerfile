# igny8: one static binary plus a data directory.
FROM golang:1.27.3-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/igny8 .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/igny8 /igny8
VOLUME ["/pb_data"]
EXPOSE 8090
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/igny8", "healthcheck", "--url", "http://127.0.0.1:8090/api/health"]
ENTRYPOINT ["/igny8"]
CMD ["serve", "--http", "0.0.0.0:8090", "--dir", "/pb_data"]
