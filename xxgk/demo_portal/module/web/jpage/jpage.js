/* Placeholder for the 大汉 JCMS jpage plugin (reads /module/web/jpage/dataproxy.jsp). */
