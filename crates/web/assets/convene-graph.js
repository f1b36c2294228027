// Lights up an organisation's ties in the network graph while it is pointed at or focused:
// its lines and the organisations at their other ends stand out, the rest fade.
for (const figure of document.querySelectorAll('[data-network-graph]')) {
  const edges = [...figure.querySelectorAll('line[data-a]')];
  const nodes = new Map([...figure.querySelectorAll('a[data-node]')].map((a) => [a.dataset.node, a]));
  const show = (node) => {
    figure.classList.add('convene-graph--focus');
    nodes.get(node)?.classList.add('convene-graph__node--on');
    for (const edge of edges) {
      const on = edge.dataset.a === node || edge.dataset.b === node;
      edge.classList.toggle('convene-graph__edge--on', on);
      if (on) {
        const other = edge.dataset.a === node ? edge.dataset.b : edge.dataset.a;
        nodes.get(other)?.classList.add('convene-graph__node--on');
      }
    }
  };
  const clear = () => {
    figure.classList.remove('convene-graph--focus');
    for (const edge of edges) edge.classList.remove('convene-graph__edge--on');
    for (const a of nodes.values()) a.classList.remove('convene-graph__node--on');
  };
  for (const [node, a] of nodes) {
    a.addEventListener('mouseenter', () => show(node));
    a.addEventListener('focus', () => show(node));
    a.addEventListener('mouseleave', clear);
    a.addEventListener('blur', clear);
  }
}
