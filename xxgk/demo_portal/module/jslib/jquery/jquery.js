/* Placeholder: the demo portal ships no jQuery; list data is served by dataproxy.jsp. */
