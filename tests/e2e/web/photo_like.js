// A photo-like picture for the browser journeys, drawn in the page (no image library needed): a
// room with a whiteboard, texture at every scale and a sensor's grain, stored as a camera would
// (JPEG, quality 0.92). At 3200 x 2400 with the journey's settings it weighs about 2.5 MB, what
// an 8 MP phone photo weighs (0.3 bytes a pixel), and 1600 px JPEG at 0.8 of it about 280 KB, what
// such a photo gives. Deterministic: the same seed draws the same picture.
async ({ width, height, seed, grain, texture }) => {
  // A deterministic generator (mulberry32): the same picture on every run.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext("2d");
  // A room: a wall in warm light, a window's daylight, a table, a whiteboard with writing.
  const wall = g.createLinearGradient(0, 0, width, height);
  wall.addColorStop(0, "#d9cbb4");
  wall.addColorStop(0.6, "#b59f84");
  wall.addColorStop(1, "#6f5f4f");
  g.fillStyle = wall;
  g.fillRect(0, 0, width, height);
  const light = g.createRadialGradient(width * 0.15, height * 0.2, 10, width * 0.15, height * 0.2, width * 0.7);
  light.addColorStop(0, "rgba(255,250,235,0.8)");
  light.addColorStop(1, "rgba(255,250,235,0)");
  g.fillStyle = light;
  g.fillRect(0, 0, width, height);
  g.fillStyle = "#5b4330";
  g.fillRect(0, height * 0.78, width, height * 0.22);
  const board = [width * 0.22, height * 0.12, width * 0.62, height * 0.55];
  g.fillStyle = "#f4f4f0";
  g.fillRect(...board);
  g.lineWidth = width / 200;
  g.strokeStyle = "#8a8a8a";
  g.strokeRect(...board);
  const inks = ["#1d3f8f", "#b3261e", "#1f6f3a", "#222"];
  g.lineCap = "round";
  for (let line = 0; line < 14; line++) {
    g.strokeStyle = inks[line % inks.length];
    g.lineWidth = width / (380 + random() * 200);
    g.beginPath();
    let x = board[0] + board[2] * 0.05;
    const y = board[1] + board[3] * (0.08 + line * 0.064);
    g.moveTo(x, y);
    while (x < board[0] + board[2] * (0.55 + random() * 0.4)) {
      const step = width * (0.004 + random() * 0.01);
      g.quadraticCurveTo(x + step / 2, y - height * 0.02 * random(), x + step, y + height * 0.008 * (random() - 0.5));
      x += step;
    }
    g.stroke();
  }
  for (let i = 0; i < 40; i++) {  // things on the table and the wall: cups, papers, a plant's leaves
    g.fillStyle = `hsl(${Math.floor(random() * 360)}, ${20 + random() * 50}%, ${25 + random() * 50}%)`;
    g.beginPath();
    g.ellipse(random() * width, height * (0.7 + random() * 0.3), width * (0.01 + random() * 0.05),
      height * (0.01 + random() * 0.04), random() * Math.PI, 0, Math.PI * 2);
    g.fill();
  }
  // Texture at every scale (what surfaces, fabric and focus give a photo): octaves of smoothed
  // noise, each half as strong as the one twice as coarse.
  g.globalCompositeOperation = "overlay";
  for (let octave = 1; octave <= 9; octave++) {
    const cells = 2 ** octave;
    const small = document.createElement("canvas");
    small.width = Math.max(1, Math.round((cells * width) / height));
    small.height = cells;
    const s = small.getContext("2d");
    const data = s.createImageData(small.width, small.height);
    for (let i = 0; i < data.data.length; i += 4) {
      const v = 128 + (random() - 0.5) * 255;
      data.data[i] = v + (random() - 0.5) * 40;
      data.data[i + 1] = v + (random() - 0.5) * 40;
      data.data[i + 2] = v + (random() - 0.5) * 40;
      data.data[i + 3] = 255;
    }
    s.putImageData(data, 0, 0);
    g.globalAlpha = texture * 0.8 ** (octave - 1);
    g.imageSmoothingEnabled = true;
    g.imageSmoothingQuality = "high";
    g.drawImage(small, 0, 0, width, height);
  }
  g.globalAlpha = 1;
  g.globalCompositeOperation = "source-over";
  // A sensor's noise, pixel by pixel.
  const pixels = g.getImageData(0, 0, width, height);
  const p = pixels.data;
  for (let i = 0; i < p.length; i += 4) {
    const n = (random() + random() + random() - 1.5) * grain;
    p[i] += n;
    p[i + 1] += n + (random() - 0.5) * grain * 0.5;
    p[i + 2] += n + (random() - 0.5) * grain * 0.5;
  }
  g.putImageData(pixels, 0, 0);
  // What the camera stores: a JPEG at its usual high quality, as base64 for the test to send.
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
