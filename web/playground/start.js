// Starts GraphiQL on this server's /graphql with the example operations as tabs.
/* global React, ReactDOM, GraphiQL */
(function start() {
  const examples = JSON.parse(document.getElementById('examples').textContent);
  const fetcher = GraphiQL.createFetcher({
    url: new URL('graphql', window.location.href).toString(),
  });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: examples.map((example) => ({ query: example.query })),
      defaultEditorToolsVisibility: false,
      shouldPersistHeaders: false,
    }),
  );
})();
