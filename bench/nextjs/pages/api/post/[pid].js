export default function handler(req, res) {
  const { pid, x } = req.query;
  res.status(200).json({ pid, x });
}
